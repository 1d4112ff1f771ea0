// xxHash, for archive checksums, dedupe and shard keys only; never for anything security-relevant.
#include <xxhash.h>
