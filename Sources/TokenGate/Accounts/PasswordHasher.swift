import Crypto
import HummingbirdBcrypt
import NIOCore
public import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Hashes and checks passwords with bcrypt, off the event loops.
///
/// Every byte of a password counts: the password is first reduced with SHA-256 (as Django's
/// `bcrypt_sha256` does), so passwords that differ only after bcrypt's 72-byte limit stay different.
public struct PasswordHasher: Sendable {
    /// The prefix that marks the stored format.
    static let scheme = "bcrypt_sha256$"

    /// The bcrypt cost factor.
    public let cost: Int
    private let threadPool: NIOThreadPool
    private let metrics: ServiceMetrics
    /// A hash no password matches, made in the background so that starting the server does not wait for it.
    private let decoyHash: Task<String, any Error>

    /// The threads bcrypt runs on: one per core, at the lowest CPU priority, so that a burst of logins uses
    /// every idle cycle but never delays the event loops that answer other requests.
    public static let hashingPool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: System.coreCount)
        pool.start()
        return pool
    }()

    /// Creates a hasher with the given bcrypt cost and starts making a decoy hash for unknown users; each hash
    /// and check is timed into `metrics`.
    public init(cost: Int, threadPool: NIOThreadPool = PasswordHasher.hashingPool, metrics: ServiceMetrics = .disabled) {
        precondition((4...31).contains(cost), "bcrypt cost must be 4...31")
        self.cost = cost
        self.threadPool = threadPool
        self.metrics = metrics
        let decoyPassword = SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }
        self.decoyHash = Task {
            try await threadPool.runIfActive {
                Self.lowerPriority()
                return Self.scheme + Bcrypt.hash(Self.prehash(decoyPassword), cost: UInt8(cost))
            }
        }
    }

    /// Returns the stored form of `password`.
    public func hash(_ password: String) async throws -> String {
        let cost = UInt8(self.cost)
        let bytes = Array(password.utf8)
        return try await timed {
            try await threadPool.runIfActive {
                Self.lowerPriority()
                return Self.scheme + Bcrypt.hash(Self.prehash(bytes), cost: cost)
            }
        }
    }

    /// Whether `password` matches `storedHash`; `false` for a hash in an unknown format.
    public func verify(_ password: String, against storedHash: String) async throws -> Bool {
        guard storedHash.hasPrefix(Self.scheme) else { return false }
        let bcryptHash = String(storedHash.dropFirst(Self.scheme.count))
        let bytes = Array(password.utf8)
        return try await timed {
            try await threadPool.runIfActive {
                Self.lowerPriority()
                return Bcrypt.verify(Self.prehash(bytes), hash: bcryptHash)
            }
        }
    }

    /// Runs `work` and records how long it took.
    private func timed<Result>(_ work: () async throws -> Result) async rethrows -> Result {
        let start = ContinuousClock.now
        defer { metrics.hashed(for: ContinuousClock.now - start) }
        return try await work()
    }

    /// Spends the same work as ``verify(_:against:)`` on a hash no password matches, so that an
    /// unknown account answers as slowly as a wrong password.
    public func verifyDecoy(_ password: String) async throws {
        _ = try await verify(password, against: try await decoyHash.value)
    }

    /// Gives the calling thread the lowest CPU priority (nice 19: on Linux the nice value of `PRIO_PROCESS` 0 is
    /// the calling thread's own); a no-op elsewhere.
    private static func lowerPriority() {
        #if canImport(Glibc)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
        #endif
    }

    /// The SHA-256 digest of the password's bytes as lowercase hex: 64 characters, within bcrypt's limit.
    static func prehash(_ bytes: [UInt8]) -> String {
        Hex.encode(SHA256.hash(data: bytes))
    }
}
