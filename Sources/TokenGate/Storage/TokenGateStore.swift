/// Everything TokenGate keeps: users, sessions, books, templates, the audit log and attempt counters, in one store.
public typealias TokenGateStore = AttemptStore & AuditStore & BookStore & LinkTokenStore & SessionStore & SigningKeyStore & TemplateStore & UserStore
