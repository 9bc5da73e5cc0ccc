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
}
