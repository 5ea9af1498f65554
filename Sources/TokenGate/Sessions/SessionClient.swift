/// What a login request said about the device that made it: shown in the sessions list.
public struct SessionClient: Sendable, Equatable {
    /// The longest user agent kept, in characters.
    public static let maximumUserAgentLength = 200

    /// The `User-Agent` header, cut to ``maximumUserAgentLength`` characters.
    public let userAgent: String?
    /// The client's address.
    public let address: String?

    /// Creates the description of a client, cutting the user agent.
    public init(userAgent: String?, address: String?) {
        self.userAgent = userAgent.map { String($0.prefix(Self.maximumUserAgentLength)) }
        self.address = address
    }

    /// Nothing known.
    public static let unknown = SessionClient(userAgent: nil, address: nil)
}
