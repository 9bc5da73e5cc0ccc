import Testing
@testable import LogMedic

@Suite("hazards of a statement")
struct HazardClassifierTests {
    /// invoices: 50,000 rows; customers: analyzed, 12 rows; drafts: exists but empty, never analyzed.
    static let facts: [String: TableFacts] = [
        "public.invoices": TableFacts(estimatedRows: 50_000, hasRows: true),
        "public.customers": TableFacts(estimatedRows: 12, hasRows: true, columnTypes: ["name": "character varying(30)"]),
        "public.drafts": TableFacts(estimatedRows: nil, hasRows: false),
        "\"public\".\"orders_id_seq\"": TableFacts(estimatedRows: 1, hasRows: true),
    ]

    static func kinds(_ sql: String) -> [Hazard.Kind] { classify(sql).map(\.kind) }
    static func classify(_ sql: String) -> [Hazard] { HazardClassifier.classify(sql) { facts[$0] } }

    @Test func addingAColumnLocksTheTableAndNamesIt() {
        #expect(Self.classify("ALTER TABLE public.invoices ADD COLUMN note text")
                == [Hazard(.accessExclusiveLock, "ACCESS EXCLUSIVE on public.invoices")])
    }

    @Test func notNullWithoutDefaultIsRefusedOnlyWhenTheTableHasRows() {
        let refused = Self.classify("ALTER TABLE public.invoices ADD COLUMN currency char(3) NOT NULL")
        #expect(refused.contains { $0.kind == .notNullWithoutDefault && $0.refuses && $0.alternative?.contains("NOT VALID") == true })
        #expect(!Self.kinds("ALTER TABLE public.drafts ADD COLUMN currency char(3) NOT NULL").contains(.notNullWithoutDefault))
        #expect(!Self.kinds("ALTER TABLE public.invoices ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR'").contains(.notNullWithoutDefault))
        #expect(!Self.kinds("ALTER TABLE public.invoices ADD COLUMN n bigint NOT NULL GENERATED ALWAYS AS IDENTITY").contains(.notNullWithoutDefault))
    }

    @Test func perRowDefaultsRewriteTheTable() {
        #expect(Self.kinds("ALTER TABLE public.invoices ADD COLUMN token uuid DEFAULT gen_random_uuid()").contains(.tableRewrite))
        #expect(Self.kinds("ALTER TABLE public.invoices ADD COLUMN n integer DEFAULT nextval('public.s'::regclass)").contains(.tableRewrite))
        #expect(!Self.kinds("ALTER TABLE public.invoices ADD COLUMN at timestamptz DEFAULT now()").contains(.tableRewrite))
        #expect(Self.kinds("ALTER TABLE public.invoices ALTER COLUMN total TYPE numeric(14,2)").contains(.tableRewrite))
    }

    /// A varchar made longer (or text) is a catalog change: no rewrite; shorter, or with USING, may rewrite.
    @Test func wideningAVarcharRewritesNothing() {
        for widening in ["character varying(80)", "varchar(30)", "text", "character varying", "VARCHAR"] {
            #expect(!Self.kinds("ALTER TABLE public.customers ALTER COLUMN name TYPE \(widening)").contains(.tableRewrite), "\(widening)")
        }
        for other in ["character varying(20)", "char(80)", "text USING name || ''", "citext"] {
            #expect(Self.kinds("ALTER TABLE public.customers ALTER COLUMN name TYPE \(other)").contains(.tableRewrite), "\(other)")
        }
    }

    @Test func indexBuildsNameTheRowCountAndTakeAShareLock() {
        #expect(Self.classify("CREATE INDEX invoices_due_idx ON public.invoices USING btree (due_on)") == [
            Hazard(.shareLock, "SHARE on public.invoices: writes to it wait until the index is built"),
            Hazard(.indexBuild, "index build on public.invoices, 50000 rows (pg_class.reltuples)"),
        ])
        #expect(Self.classify("CREATE UNIQUE INDEX x ON ONLY public.drafts (a)").last?.message == "index build on public.drafts, no rows")
        #expect(Self.classify("CREATE INDEX x ON public.new_table (a)").isEmpty, "a table created earlier in the script costs nothing")
    }

    @Test func foreignKeysLockBothTablesAndValidationScans() {
        let hazards = Self.classify("ALTER TABLE public.invoices ADD CONSTRAINT invoices_customer_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id)")
        #expect(hazards.map(\.kind) == [.shareRowExclusiveLock, .shareRowExclusiveLock, .foreignKeyValidation])
        #expect(hazards[1].message.hasPrefix("SHARE ROW EXCLUSIVE on public.customers (referenced)"))
        #expect(hazards[2].message == "validating the foreign key scans public.invoices, 50000 rows (pg_class.reltuples)")
        #expect(!Self.kinds("ALTER TABLE public.invoices ADD CONSTRAINT f FOREIGN KEY (c) REFERENCES public.customers(id) NOT VALID").contains(.foreignKeyValidation))
        #expect(Self.kinds("CREATE TABLE public.new_table (id int, c int REFERENCES public.customers (id))") == [.shareRowExclusiveLock])
    }

    @Test func checksAndSetNotNullScanTheTable() {
        #expect(Self.kinds("ALTER TABLE public.invoices ADD CONSTRAINT positive CHECK (total > 0)").contains(.tableScan))
        #expect(!Self.kinds("ALTER TABLE public.invoices ADD CONSTRAINT positive CHECK (total > 0) NOT VALID").contains(.tableScan))
        #expect(Self.kinds("ALTER TABLE public.invoices ALTER COLUMN total SET NOT NULL").contains(.tableScan))
        #expect(Self.kinds("ALTER TABLE public.invoices ADD CONSTRAINT u UNIQUE (number)").contains(.indexBuild))
    }

    /// The lock the server takes for ALTER SEQUENCE (pg_locks shows ShareRowExclusiveLock on the sequence).
    @Test func alteringASequenceBlocksNextval() {
        #expect(Self.classify(#"ALTER SEQUENCE "public"."orders_id_seq" RESTART WITH 121"#)
                == [Hazard(.shareRowExclusiveLock, #"SHARE ROW EXCLUSIVE on "public"."orders_id_seq": nextval() in other sessions waits until the statement commits"#)])
        #expect(Self.classify("ALTER SEQUENCE public.new_id_seq OWNED BY public.new_table.id").isEmpty, "created earlier in the same script")
    }

    @Test func droppingDeletesDataAndNonTransactionalStatementsAreRefused() {
        #expect(Self.kinds("DROP TABLE public.invoices, public.customers") == [.accessExclusiveLock, .deletesData, .accessExclusiveLock, .deletesData])
        #expect(Self.kinds("ALTER TABLE public.invoices DROP COLUMN note").contains(.deletesData))
        #expect(Self.classify("DROP TABLE public.drafts").last == Hazard(.deletesData, "drops public.drafts with its data, no rows"))
        #expect(Self.classify("DROP TABLE public.customers").last
                == Hazard(.deletesData, "drops public.customers with its data, 12 rows (pg_class.reltuples)"))
        let concurrently = Self.classify("CREATE INDEX CONCURRENTLY i ON public.invoices (a)")
        #expect(concurrently.map(\.kind) == [.nonTransactional] && concurrently[0].refuses)
    }

    @Test func quotedNamesAndCommentsAreReadAsTheServerWould() {
        let facts = ["\"Sales\".\"Orders\"": TableFacts(estimatedRows: 3, hasRows: true)]
        let hazards = HazardClassifier.classify("-- ALTER TABLE public.invoices\nALTER TABLE \"Sales\".\"Orders\" ADD COLUMN \"Due\" date NOT NULL") { facts[$0] }
        #expect(hazards.first == Hazard(.accessExclusiveLock, "ACCESS EXCLUSIVE on \"Sales\".\"Orders\""))
        #expect(hazards.contains { $0.kind == .notNullWithoutDefault && $0.message.contains("\"Due\"") })
    }

    /// `fix` and `report` classify a playbook's script statement by statement, comments kept with the
    /// statement they precede, split only where the server splits.
    @Test func aScriptIsClassifiedStatementByStatement() {
        let script = """
            -- Add column public.invoices.note
            -- hazard ACQUIRES_ACCESS_EXCLUSIVE_LOCK: written by the drafter
            ALTER TABLE public.invoices ADD COLUMN note text;

            -- hazard TABLE_SCAN: checking the constraint scans (never analyzed)
            ALTER TABLE public.invoices ADD CONSTRAINT note_no_semicolon CHECK ((note <> ';'));
            DO $body$ BEGIN PERFORM 1; END $body$;
            -- a closing comment; with a semicolon
            """
        let pieces = SQLScript.pieces(of: script)
        #expect(pieces.count == 3, "\(pieces)")
        #expect(pieces.first?.hasSuffix("ADD COLUMN note text") == true)
        #expect(pieces.dropFirst().first?.hasSuffix("CHECK ((note <> ';'))") == true)
        #expect(pieces.last == "DO $body$ BEGIN PERFORM 1; END $body$")
        #expect(pieces.dropFirst().first.map(Self.kinds) == [.accessExclusiveLock, .tableScan])
        #expect(StatementHazards.headline(pieces[1]) == "ALTER TABLE public.invoices ADD CONSTRAINT note_no_semicolon CHECK ((note <> ';'))")
    }
}
