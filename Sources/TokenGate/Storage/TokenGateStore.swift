/// Everything TokenGate keeps: users, sessions, books, templates, the audit log, attempt counters, mail links and second
/// factors, in one store.
public typealias TokenGateStore = AttemptStore & AuditStore & BookStore & LinkTokenStore & MFAStore & SessionStore & SigningKeyStore & TemplateStore
    & UserStore
