import Testing

/// Every test that uses the PostgreSQL test cluster runs inside this suite, one at a time: the outage test
/// stops the cluster, which would break any other test using it at that moment.
@Suite(.serialized) enum DatabaseSuites {}
