import Archive
import Foundation
import Testing

@Suite("Shards")
struct ShardTests {
    @Test("the shard key is XXH3-64 of the user id's decimal UTF-8 digits")
    func keyDefinition() {
        // Known answer of the reference implementation (xxhash 0.8.4): XXH3_64bits("abc").
        #expect(XXH3.hash64(Array("abc".utf8)) == 0x78AF_5F94_892F_3950)
        #expect(Shard.key(forUser: 17) == XXH3.hash64([0x31, 0x37]))
        #expect(Shard.key(forUser: -5) == XXH3.hash64(Array("-5".utf8)))
        #expect(Shard.key(forUser: 0) == XXH3.hash64([0x30]))
        #expect(Shard.key(forUser: 17) != Shard.key(forUser: 71))
    }

    @Test("every user is in exactly one shard, and shards are not empty", arguments: [1, 2, 3, 7, 16])
    func partition(count: Int) throws {
        let shards = try (0..<count).map { try Shard(index: $0, count: count) }
        var sizes = [Int](repeating: 0, count: count)
        for user in Int64(-200)...2_000 {
            let owners = shards.filter { $0.contains(userID: user) }
            #expect(owners.count == 1, "user \(user)")
            if let owner = owners.first { sizes[owner.index] += 1 }
        }
        #expect(sizes.allSatisfy { $0 > 2_201 / count / 2 }, "\(sizes)")
    }

    @Test func parsing() throws {
        #expect(try Shard(parsing: "3/8") == Shard(index: 3, count: 8))
        #expect(try Shard(parsing: "0/1") == Shard.whole)
        for bad in ["4/4", "-1/4", "1/0", "a/b", "1/2/3", " 1/2", "1/", "/2", "1:2", "+1/2", ""] {
            #expect(throws: ArchiveError.self, "\(bad)") { try Shard(parsing: bad) }
        }
    }
}
