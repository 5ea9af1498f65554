/// The environment a server runs in; it decides how strict start-up checks are.
public enum AppEnvironment: String, Sendable, CaseIterable {
    /// A developer's machine: a missing secret is generated and kept in the data folder.
    case development
    /// Automated tests.
    case testing
    /// A real deployment: a missing or short secret stops the server from starting.
    case production
}
