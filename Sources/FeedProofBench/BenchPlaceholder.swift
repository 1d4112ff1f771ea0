// Placeholder until the bench module lands.
