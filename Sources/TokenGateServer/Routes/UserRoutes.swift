import Foundation
import Hummingbird
import TokenGate

/// `/users`: the admin's view of accounts and roles.
struct UserRoutes {
    let accounts: AccountService
    let roles: RoleAssignment
    let audit: AuditLog

    func add(to router: RouterGroup<AuthenticatedRequestContext>) {
        let admins = router.group("users").requiring(.admin)
        admins.get(use: list)
        admins.put(":id/roles", use: setRoles)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedRequestContext) async throws -> ListBody<UserBody> {
        ListBody(try await accounts.listUsers(try request.pageRequest()), UserBody.init)
    }

    @Sendable func setRoles(_ request: Request, context: AuthenticatedRequestContext) async throws -> Envelope<UserBody> {
        let id = try context.pathID()
        let body = try await RequestBodyReader.decode(RolesRequest.self, from: request, context: context)
        var fields = FieldCheck()
        let names = fields.require(body.roles, RolesRequest.CodingKeys.roles, default: [])
        let roles = names.compactMap(Role.init(rawValue:))
        if roles.count != names.count {
            fields.fail(RolesRequest.CodingKeys.roles, "must hold only \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        try fields.check()
        let user: User
        do {
            user = try await self.roles.changeRoles(userID: id, to: Set(roles))
        } catch AccountError.userNotFound {
            throw APIError.notFound
        }
        audit.record(
            .rolesChanged,
            userID: user.id,
            actorID: try context.userID,
            client: request.sessionClient(context),
            detail: ["roles": user.roles.sorted().map(\.rawValue).joined(separator: ",")]
        )
        return Envelope(UserBody(user))
    }
}
