"""Clinic visit booking API (Flask 3 + Flask-SQLAlchemy + psycopg 3)."""
import os
from datetime import datetime, timedelta, timezone

from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Enum, func, insert, select, text

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get(
    "CLINIC_DB", "postgresql+psycopg://clinic@127.0.0.1:55434/clinic")
app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
    "pool_pre_ping": False,
    "connect_args": {"application_name": "clinic-api", "options": "-c statement_timeout=1500"},
}
app.logger.setLevel("INFO")
db = SQLAlchemy(app)

VISIT_STATES = ("booked", "checked_in", "done", "cancelled", "no_show")


class Clinician(db.Model):
    __tablename__ = "clinicians"
    id = db.Column(db.Integer, primary_key=True)
    display_name = db.Column(db.Text, nullable=False)
    specialty = db.Column(db.Text, nullable=False)       # renamed to "speciality" in the DB by hand


class Patient(db.Model):
    __tablename__ = "patients"
    id = db.Column(db.Integer, primary_key=True)
    full_name = db.Column(db.Text, nullable=False)
    email = db.Column(db.Text, nullable=False, unique=True)
    mobile = db.Column(db.String(40))                     # model says 40, DB still 20
    created_at = db.Column(db.DateTime(timezone=True), server_default=func.now())


class Visit(db.Model):
    __tablename__ = "visits"
    id = db.Column(db.Integer, primary_key=True)
    patient_id = db.Column(db.Integer, db.ForeignKey("patients.id"), nullable=False)
    clinician_id = db.Column(db.Integer, db.ForeignKey("clinicians.id"), nullable=False)
    starts_at = db.Column(db.DateTime(timezone=True), nullable=False)
    state = db.Column(Enum(*VISIT_STATES, name="visit_state", create_type=False), nullable=False, default="booked")
    exam_room = db.Column(db.Text, nullable=True)          # model thinks it is optional
    reminder_sent_at = db.Column(db.DateTime(timezone=True))   # migration 0005 never ran
    created_at = db.Column(db.DateTime(timezone=True), server_default=func.now())


class StandbyRequest(db.Model):
    __tablename__ = "standby_requests"                    # migration 0004 never ran
    id = db.Column(db.Integer, primary_key=True)
    patient_id = db.Column(db.Integer, db.ForeignKey("patients.id"), nullable=False)
    clinician_id = db.Column(db.Integer, db.ForeignKey("clinicians.id"), nullable=False)
    wanted_from = db.Column(db.Date)


@app.get("/healthz")
def healthz():
    db.session.execute(text("SELECT 1"))
    app.logger.info("health ok, error rate 0% over last 5 min (0 errors / 12 requests)")
    return {"ok": True}


@app.get("/api/clinicians")
def list_clinicians():
    rows = db.session.scalars(select(Clinician).order_by(Clinician.id)).all()
    return jsonify([{"id": c.id, "name": c.display_name, "specialty": c.specialty} for c in rows])


@app.post("/api/patients")
def register_patient():
    body = request.get_json()
    p = Patient(full_name=body["name"], email=body["email"], mobile=body.get("mobile"))
    db.session.add(p)
    db.session.commit()
    app.logger.info("patient registered id=%s", p.id)
    return {"id": p.id}, 201


@app.get("/api/patients/<int:pid>/visits")
def patient_visits(pid):
    rows = db.session.scalars(select(Visit).where(Visit.patient_id == pid)).all()
    return jsonify([{"id": v.id, "state": v.state} for v in rows])


@app.post("/api/visits")
def book_visit():
    body = request.get_json()
    v = Visit(patient_id=body["patient_id"], clinician_id=body["clinician_id"],
              starts_at=datetime.now(timezone.utc) + timedelta(days=2),
              state=body.get("state", "booked"))
    db.session.add(v)
    db.session.commit()
    return {"id": v.id}, 201


@app.post("/api/visits/quick")
def quick_book():
    # walk-in booking: Core insert of just the fields the front desk has (no exam room yet)
    body = request.get_json()
    res = db.session.execute(insert(Visit.__table__).values(
        patient_id=body["patient_id"], clinician_id=body["clinician_id"],
        starts_at=datetime.now(timezone.utc)).returning(Visit.__table__.c.id))
    vid = res.scalar_one()
    db.session.commit()
    return {"id": vid}, 201


@app.post("/api/visits/<int:vid>/state")
def set_state(vid):
    body = request.get_json()
    db.session.execute(text("UPDATE visits SET state = :s WHERE id = :id"), {"s": body["state"], "id": vid})
    db.session.commit()
    return {"ok": True}


@app.post("/api/standby")
def join_standby():
    body = request.get_json()
    db.session.add(StandbyRequest(patient_id=body["patient_id"], clinician_id=body["clinician_id"]))
    db.session.commit()
    return {"ok": True}, 201


@app.post("/api/visits/<int:vid>/cancel")
def cancel_visit(vid):
    body = request.get_json()
    reason = body["reason"]                      # KeyError when the client omits it -> 500
    db.session.execute(text("UPDATE visits SET state = 'cancelled' WHERE id = :id"), {"id": vid})
    db.session.commit()
    return {"ok": True, "reason": reason}


@app.post("/api/invoices/<int:iid>/charge")
def charge(iid):
    app.logger.error("payment gateway returned 502 for invoice %s; will retry", iid)
    return {"queued": True}, 202


@app.get("/api/exports/visits.csv")
def export_visits():
    import time
    time.sleep(6)                                # longer than gunicorn --timeout 3
    return "id\n"


@app.get("/api/reports/patient-activity")
def patient_activity():
    # slow report: no index, cross join, hits statement_timeout (1.5 s)
    rows = db.session.execute(text(
        "SELECT p.email, count(*) FROM patients p JOIN patients q ON q.full_name LIKE p.full_name || '%' "
        "GROUP BY p.email ORDER BY 2 DESC LIMIT 10")).all()
    return jsonify([list(r) for r in rows])


with app.app_context():
    app.logger.info("startup: table created check skipped; schema assumed migrated (0 errors)")
