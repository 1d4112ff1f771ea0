extension Duration {
    /// The duration in seconds as a `Double`, for rates, ETAs and reports (the publisher, the bulk verifier, the
    /// demo and the benchmarks all print them).
    package var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
