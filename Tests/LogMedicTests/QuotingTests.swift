import Testing
@testable import LogMedic

/// The SQL and shell words shown in advice: plain names as they are, anything else quoted.
@Suite struct QuotingTests {
    @Test(arguments: [("orders", "orders"), ("_tmp$1", "_tmp$1"), ("Orders", "\"Orders\""), ("1st", "\"1st\""),
                      ("order items", "\"order items\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("", "\"\""),
                      ("orders\n", "\"orders\n\""), ("zähler", "\"zähler\"")])
    func sqlIdentifiers(name: String, shown: String) {
        #expect(SQLText.identifier(name) == shown)
    }

    @Test(arguments: [("db/migrate", "db/migrate"), ("user@host:5432", "user@host:5432"), ("a=b,c+d%e", "a=b,c+d%e"),
                      ("two words", "'two words'"), ("it's", #"'it'\''s'"#), ("", "''"), ("rm\n", "'rm\n'"),
                      ("$(id)", "'$(id)'"), ("`id`", "'`id`'"), ("Größe", "'Größe'")])
    func shellWords(text: String, shown: String) {
        #expect(ShellText.word(text) == shown)
    }
}
