import Testing
@testable import LogMedic

/// The column a wrong name most likely meant, as `report` suggests it for `column … does not exist`.
struct ColumnMatcherTests {
    static func table(_ columns: [(String, String)]) -> Relation {
        Relation(schema: "public", name: "t", kind: .table, columns: columns.map { Column(name: $0.0, type: $0.1, isNullable: true) })
    }

    /// A column renamed by hand to a longer name that keeps the old one as a word (`floor` → `floor_level`,
    /// `email` → `email_address`) is the one meant (was: no suggestion, only "Add the column with a migration").
    @Test(arguments: [("floor", "floor_level"), ("email", "email_address"), ("active", "is_active")])
    func aColumnThatKeepsTheNameAsAWordIsSuggested(wanted: String, renamed: String) {
        let wards = Self.table([("id", "integer"), ("name", "character varying(80)"), (renamed, "integer")])
        #expect(ColumnMatcher.nearest(to: wanted, in: wards)?.name == renamed)
    }

    /// Two columns that keep the word (`name` → first_name, last_name; `floor` → floor_level, floor_area): no
    /// suggestion (was: whichever came last).
    @Test(arguments: [("name", "first_name", "last_name"), ("floor", "floor_level", "floor_area")])
    func aWordTwoColumnsKeepSuggestsNeither(wanted: String, one: String, other: String) {
        let table = Self.table([("id", "integer"), (one, "text"), (other, "text")])
        #expect(ColumnMatcher.nearest(to: wanted, in: table) == nil)
    }

    /// A time-like name still wants a time column, and a short name is no word of another's.
    @Test func aTimeLikeNameOrAShortOneIsNotMatchedByAWordAlone() {
        #expect(ColumnMatcher.nearest(to: "created", in: Self.table([("id", "integer"), ("created_by", "integer")])) == nil)
        #expect(ColumnMatcher.nearest(to: "id", in: Self.table([("user_id", "integer"), ("name", "text")])) == nil)
    }

    /// A generic time (`timestamp`) means the row's creation time; an event's time (`reminder_sent_at`, a column the
    /// migration adds) is no other time column (was: "Nearest existing column: created_at" for a column never
    /// created, the clinic corpus). A similar name still is (`sent_on` for `sent_at`).
    @Test func anEventsTimeIsNotTheRowsCreationTime() {
        let visits = Relation(schema: "public", name: "visits", kind: .table, columns: [
            Column(name: "id", type: "integer", isNullable: false),
            Column(name: "created_at", type: "timestamp with time zone", isNullable: false, defaultExpression: "now()"),
            Column(name: "state", type: "visit_state", isNullable: false),
        ])
        #expect(ColumnMatcher.nearest(to: "reminder_sent_at", in: visits) == nil)
        #expect(ColumnMatcher.nearest(to: "paid_on", in: visits) == nil)
        #expect(ColumnMatcher.nearest(to: "timestamp", in: visits)?.name == "created_at")
        let sent = Self.table([("id", "integer"), ("sent_on", "timestamp with time zone"), ("created_at", "timestamp with time zone")])
        #expect(ColumnMatcher.nearest(to: "sent_at", in: sent)?.name == "sent_on")
    }
}
