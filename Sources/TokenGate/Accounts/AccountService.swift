public import Foundation

/// Registers accounts, checks passwords and changes them.
public struct AccountService: Sendable {
    private let users: any UserStore
    private let hasher: PasswordHasher
    private let throttle: LoginThrottle
    private let time: TimeSource
    private let metrics: ServiceMetrics
    private let profiles = UserCache()

    /// Creates the service; login attempts are counted in `metrics`.
    public init(
        users: any UserStore,
        hasher: PasswordHasher,
        throttle: LoginThrottle,
        time: TimeSource = .system,
        metrics: ServiceMetrics = .disabled
    ) {
        self.users = users
        self.hasher = hasher
        self.throttle = throttle
        self.time = time
        self.metrics = metrics
    }

    /// Creates an account with the role `user` (plus `extraRoles`).
    /// - Throws: ``InvalidFields`` for input that breaks the contract's rules, ``AccountError/emailTaken``.
    public func register(email: String, password: String, name: String?, extraRoles: Set<Role> = []) async throws -> User {
        let email = email.trimmingCharacters(in: .whitespaces)
        var validator = FieldCheck()
        if !Email.isValid(email) { validator.fail("email", "must be a valid email address of at most \(Email.maximumLength) bytes") }
        if let problem = PasswordPolicy.problem(with: password) { validator.fail("password", problem) }
        if let name, let problem = TextLimits.problemWithShortText(name) { validator.fail("name", problem) }
        try validator.check()
        let hash = try await hasher.hash(password)
        do {
            return try await users.createUser(
                NewUser(id: UUID(), email: email, name: name, passwordHash: hash, roles: Set<Role>([.user]).union(extraRoles), createdAt: time.now())
            )
        } catch StoreError.emailTaken {
            throw AccountError.emailTaken
        }
    }

    /// The user whose email and password these are.
    ///
    /// An unknown email costs the same hashing work as a wrong password and fails the same way.
    /// - Parameter address: the client's address, which failures are also counted by.
    /// - Throws: ``AccountError/invalidCredentials`` or ``AccountError/tooManyAttempts(retryAfter:)``.
    public func authenticate(email: String, password: String, address: String? = nil) async throws -> User {
        let key = Email.key(for: email.trimmingCharacters(in: .whitespaces))
        let verdict = try await throttle.check(account: key, address: address, now: time.now())
        if case .refused(let retryAfter) = verdict {
            metrics.login(.throttled)
            throw AccountError.tooManyAttempts(retryAfter: retryAfter)
        }
        let credentials = password.utf8.count <= PasswordPolicy.maximumLength ? try await users.credentials(forEmail: key) : nil
        guard let credentials else {
            try await hasher.verifyDecoy(password)
            try await throttle.recordFailure(account: key, address: address, now: time.now())
            metrics.login(.failed)
            throw AccountError.invalidCredentials
        }
        guard try await hasher.verify(password, against: credentials.passwordHash) else {
            try await throttle.recordFailure(account: key, address: address, now: time.now())
            metrics.login(.failed)
            throw AccountError.invalidCredentials
        }
        if verdict == .allowed { try await throttle.reset(account: key) }
        metrics.login(.succeeded)
        return credentials.user
    }

    /// Replaces the password of `userID` after checking the current one.
    ///
    /// `beforeSaving` runs once both passwords are found acceptable and before the new hash is stored, so that
    /// work which must not be skipped (revoking other sessions) happens first: a failure there leaves the old
    /// password in place.
    /// - Throws: ``AccountError/invalidCredentials`` for a wrong current password, ``InvalidFields`` for a new one that breaks the rules.
    public func changePassword(
        userID: UUID,
        currentPassword: String,
        newPassword: String,
        beforeSaving: @Sendable () async throws -> Void = {}
    ) async throws {
        if let problem = PasswordPolicy.problem(with: newPassword) { throw InvalidFields(fields: ["new_password": problem]) }
        guard let credentials = try await users.credentials(forUserID: userID) else { throw AccountError.userNotFound }
        guard currentPassword.utf8.count <= PasswordPolicy.maximumLength,
            try await hasher.verify(currentPassword, against: credentials.passwordHash)
        else { throw AccountError.invalidCredentials }
        try await storePassword(newPassword, userID: userID, beforeSaving: beforeSaving)
    }

    /// Stores `newPassword`, already found acceptable, as the password of `userID`: hashes it, runs `beforeSaving`
    /// (work that must not be skipped, such as revoking sessions; a failure there leaves the old password), then
    /// replaces the hash. Returns what `beforeSaving` returned.
    /// - Throws: ``AccountError/userNotFound``, or what `beforeSaving` throws.
    public func storePassword<Result: Sendable>(
        _ newPassword: String,
        userID: UUID,
        beforeSaving: @Sendable () async throws -> Result
    ) async throws -> Result {
        let hash = try await hasher.hash(newPassword)
        let result = try await beforeSaving()
        guard try await users.updatePasswordHash(userID: userID, passwordHash: hash) else { throw AccountError.userNotFound }
        profiles.forget(userID)
        return result
    }

    /// One page of every account, in the order they were made.
    public func listUsers(_ request: PageRequest) async throws -> Page<User> {
        let rows = try await users.users(after: request.after, limit: request.limit + 1)
        return Page(rows: rows, limit: request.limit) { ListPosition(createdAt: $0.createdAt, id: $0.id) }
    }

    /// Replaces the roles of an account; `user` is always kept.
    /// - Parameter beforeSaving: runs with the roles being taken away, before the change is stored.
    /// - Throws: ``AccountError/userNotFound``.
    public func setRoles(
        userID: UUID,
        roles: Set<Role>,
        beforeSaving: @Sendable (_ removed: Set<Role>) async throws -> Void = { _ in }
    ) async throws -> User {
        guard let current = try await users.user(id: userID) else { throw AccountError.userNotFound }
        let roles = roles.union([.user])
        try await beforeSaving(current.roles.subtracting(roles))
        guard let updated = try await users.setRoles(userID: userID, roles: roles) else { throw AccountError.userNotFound }
        profiles.forget(userID)
        return updated
    }

    /// Forgets what this process remembers of the account `id` (after a change made elsewhere in the process).
    public func accountChanged(_ id: UUID) { profiles.forget(id) }

    /// The account with this email address, compared case-insensitively.
    public func user(email: String) async throws -> User? { try await users.credentials(forEmail: email)?.user }

    /// The user with this id for display (`GET /auth/status`): read from the database at most every few
    /// seconds per user, and at once after this process changed the account.
    public func profile(id: UUID) async throws -> User? {
        if let cached = profiles.user(id: id) { return cached }
        guard let user = try await users.user(id: id) else { return nil }
        profiles.store(user)
        return user
    }
}
