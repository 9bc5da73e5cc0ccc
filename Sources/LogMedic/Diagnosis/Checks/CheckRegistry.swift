/// Every check a rule can name. Adding a check: one file in this folder and one line here.
public enum CheckRegistry {
    public static let all: [any Check] = [
        MissingRelationCheck(),
        MissingColumnCheck(),
        ModelAttributeCheck(),
        TextualSQLCheck(),
        ResponseShapeCheck(),
        SequenceBehindCheck(),
        MissingExtensionCheck(),
        ConstraintCheck(),
        ConnectionCapacityCheck(),
        RoleAndDatabaseCheck(),
        ReadOnlyServerCheck(),
        NotNullColumnCheck(),
        OnConflictTargetCheck(),
        EnumLabelCheck(),
        StringLengthCheck(),
        PrivilegeCheck(),
        ColumnTypeCheck(),
        PartitionForKeyCheck(),
        JSONOperandCheck(),
    ]

    public static func check(named name: String) -> (any Check)? {
        all.first { $0.name == name }
    }

    public static var names: [String] { all.map(\.name) }
}
