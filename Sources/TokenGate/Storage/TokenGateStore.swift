/// Everything TokenGate keeps: users, sessions, books, templates and the audit log, in one store.
public typealias TokenGateStore = AuditStore & BookStore & SessionStore & SigningKeyStore & TemplateStore & UserStore
