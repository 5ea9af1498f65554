/// Everything TokenGate keeps: users, sessions, books and templates, in one store.
public typealias TokenGateStore = BookStore & SessionStore & SigningKeyStore & TemplateStore & UserStore
