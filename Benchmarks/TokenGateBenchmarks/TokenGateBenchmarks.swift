import Benchmark
import Foundation
import TokenGate
import TokenGateServer

/// A key ring signing with `algorithm`, as the server makes it: HS256 with `secret`, the others with a new key
/// written to a temporary file (as `tokengate keys generate` writes it), and an issuer signing with it.
func signing(_ algorithm: SigningAlgorithm, secret: SigningSecret) async throws -> (KeyRing, TokenIssuer) {
    let ring: KeyRing
    if algorithm == .hs256 {
        ring = try await KeyRing.hmac(secret: secret)
    } else {
        let path = NSTemporaryDirectory() + "tokengate-benchmark-\(UUID().uuidString).pem"
        defer { try? FileManager.default.removeItem(atPath: path) }
        ring = try await KeyRing.asymmetric(active: try KeyGenerator.generate(algorithm, to: path), retired: [], retention: .seconds(86_400))
    }
    let issuer = TokenIssuer(
        keyRing: ring,
        issuer: "tokengate",
        audience: "tokengate",
        accessTokenTTL: .seconds(900),
        refreshTokenTTL: .seconds(86_400)
    )
    return (ring, issuer)
}

/// A key ring signing with `algorithm` and an access token for `user` signed with it.
func accessToken(_ algorithm: SigningAlgorithm, secret: SigningSecret, for user: User) async throws -> (KeyRing, String) {
    let (ring, issuer) = try await signing(algorithm, secret: secret)
    let pair = try await issuer.issuePair(for: user, sessionID: UUID(), refreshTokenID: UUID(), refreshIssuedAt: Date(), fresh: true, now: Date())
    return (ring, pair.accessToken)
}

/// Micro-benchmarks of the work on TokenGate's hot paths. Run with
/// `TOKENGATE_BENCHMARKS=1 swift package benchmark` (see BENCHMARKS.md).
let benchmarks: @Sendable () -> Void = {
    let secret = SigningSecret("benchmark-secret-benchmark-secret-benchmark")
    let user = User(id: UUID(), email: "ada@example.com", name: "Ada", roles: [.user, .editor], createdAt: Date())
    let fast = Benchmark.Configuration(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(2))

    for algorithm in SigningAlgorithm.allCases {
        Benchmark("\(algorithm.rawValue) sign access and refresh pair", configuration: fast) { benchmark in
            let (_, issuer) = try await signing(algorithm, secret: secret)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(
                    try await issuer.issuePair(
                        for: user,
                        sessionID: UUID(),
                        refreshTokenID: UUID(),
                        refreshIssuedAt: Date(),
                        fresh: true,
                        now: Date()
                    )
                )
            }
        }

        Benchmark("\(algorithm.rawValue) verify a new access token with claim checks", configuration: fast) { benchmark in
            let (ring, token) = try await accessToken(algorithm, secret: secret, for: user)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                // A new verifier has seen no token yet: this is the full check, signature and claims decoding included.
                let verifier = TokenVerifier(keyRing: ring, issuer: "tokengate", audience: "tokengate", leeway: .zero)
                blackHole(try verifier.verifyAccessToken(token))
            }
        }
    }

    Benchmark("HS256 verify a remembered access token", configuration: fast) { benchmark in
        let (ring, token) = try await accessToken(.hs256, secret: secret, for: user)
        let verifier = TokenVerifier(keyRing: ring, issuer: "tokengate", audience: "tokengate", leeway: .zero)
        _ = try verifier.verifyAccessToken(token)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try verifier.verifyAccessToken(token))
        }
    }

    Benchmark("revocation set lookup (10,000 revoked sessions)", configuration: fast) { benchmark in
        let set = RevocationSet(retention: .seconds(900))
        let now = Date()
        for _ in 0..<10_000 { set.insert(UUID(), revokedAt: now, now: now) }
        let probe = UUID()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(set.contains(probe))
        }
    }

    let cost = Int(ProcessInfo.processInfo.environment["TOKENGATE_BCRYPT_COST"] ?? "12") ?? 12
    Benchmark(
        "password hash at cost \(cost)",
        configuration: .init(metrics: [.wallClock], maxDuration: .seconds(5), maxIterations: 20)
    ) { benchmark in
        let hasher = PasswordHasher(cost: cost)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await hasher.hash("correct horse battery staple"))
        }
    }

    Benchmark("JSON encode a user", configuration: fast) { benchmark in
        let body = Envelope(UserBody(user))
        for _ in benchmark.scaledIterations {
            var json = JSONWriter()
            try json.write(body)
            blackHole(json.bytes)
        }
    }

    Benchmark("JSON encode a 20-book page", configuration: fast) { benchmark in
        let books = (0..<20).map { index in
            Book(id: UUID(), title: "Book \(index)", author: "Author \(index)", createdAt: Date(), updatedAt: Date())
        }
        let page = ListBody(Page(items: books, nextCursor: ListPosition(createdAt: Date(timeIntervalSince1970: 1), id: UUID()).cursor), BookBody.init)
        for _ in benchmark.scaledIterations {
            var json = JSONWriter()
            try json.write(page)
            blackHole(json.bytes)
        }
    }
}
