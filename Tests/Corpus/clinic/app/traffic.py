import sys, time, requests
B = "http://127.0.0.1:8765"
def go(m, path, **kw):
    try:
        r = requests.request(m, B + path, timeout=10, **kw)
        print(m, path, r.status_code, flush=True)
    except requests.RequestException as e:
        print(m, path, "EXC", e, flush=True)
phase = sys.argv[1]
if phase == "drift":
    go("GET", "/healthz")
    go("GET", "/api/clinicians")                                             # renamed column specialty
    go("POST", "/api/patients", json={"name": "Jon Reyes", "email": "jon@example.org", "mobile": "+1 415 555 0142"})
    go("POST", "/api/patients", json={"name": "Jon Reyes", "email": "jon@example.org"})   # unique email
    go("POST", "/api/patients", json={"name": "Ines Barros", "email": "ines@example.org",
                                      "mobile": "+351 912 345 678 ext. 4410"})          # varchar(20)
    go("GET", "/api/patients/1/visits")                                      # missing column reminder_sent_at
    go("POST", "/api/visits", json={"patient_id": 1, "clinician_id": 1})     # missing column on insert too
    go("POST", "/api/visits/quick", json={"patient_id": 1, "clinician_id": 2})   # NOT NULL exam_room
    go("POST", "/api/visits/1/state", json={"state": "no_show"})             # enum label missing
    go("POST", "/api/standby", json={"patient_id": 1, "clinician_id": 2})    # missing table
    go("GET", "/api/reports/patient-activity")                               # statement_timeout
    go("POST", "/api/visits/1/cancel", json={})                              # KeyError: plain bug
    go("POST", "/api/invoices/77/charge")                                    # app.logger.error, no traceback
    go("GET", "/api/exports/visits.csv")                                     # gunicorn WORKER TIMEOUT
    go("GET", "/healthz")
elif phase == "down":
    for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 2):
        go("GET", "/healthz"); time.sleep(0.3)
