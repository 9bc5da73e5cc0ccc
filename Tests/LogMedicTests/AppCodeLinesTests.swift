import Testing
@testable import LogMedic

/// Which column the app's own code line sets, read from a Python traceback (how `string_length` picks one of several
/// columns of the overflowed type).
@Suite struct AppCodeLinesTests {
    /// As Peewee on Flask printed it (fixtures/stacks/python-orms/peewee-flask.log, shortened).
    static let traceback = """
        Traceback (most recent call last):
          File "/srv/venv/lib/python3.11/site-packages/flask/app.py", line 902, in dispatch_request
            return self.ensure_sync(self.view_functions[rule.endpoint])(**view_args)
          File "/srv/app/peeweeapp.py", line 95, in note
            Order.create(customer=1, total=5, note="please leave it at the back door")
          File "/srv/venv/lib/python3.11/site-packages/peewee.py", line 7891, in create
            inst.save(force_insert=True)
        peewee.DataError: value too long for type character varying(20)
        """

    @Test func onlyTheAppsOwnFramesCount() {
        let lines = AppCodeLines.lines(in: [Self.traceback])
        #expect(lines.map { "\($0.frame.file):\($0.frame.line) \($0.code)" }
                == [#"/srv/app/peeweeapp.py:95 Order.create(customer=1, total=5, note="please leave it at the back door")"#])
    }

    @Test(arguments: [
        (#"Order.create(customer=1, note="x")"#, true),
        ("order.note = form.note", true),
        (#"db.insert({"note": text})"#, true),
        (#"payload['note'] = text"#, false),  // a subscript is not read as a write to the column
        ("if order.note == other:", false),
        ("Order.create(notes=x, footnote=y)", false),
        (#"log.info("note=%s", x)"#, false),
    ])
    func setsAColumnOnlyWhenTheCodeWritesThatName(code: String, sets: Bool) {
        #expect(AppCodeLines.sets(code[...], "note") == sets, "\(code)")
    }
}
