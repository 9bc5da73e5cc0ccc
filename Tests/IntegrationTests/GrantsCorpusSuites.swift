import Testing

/// The suites on Tests/Corpus/grants, one after the other. Its migrations grant to lending_app, a role of the whole
/// test server that PrivilegeDraftTests creates and drops: run beside it, ColumnTypeDraftTests' reference held
/// grants to that role while a privilege test dropped it, which the server refuses.
@Suite(.serialized) enum GrantsCorpusSuites {}
