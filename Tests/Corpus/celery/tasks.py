"""Two Celery tasks that outrun their time limits: one past its hard limit (the worker process is killed), one past
its soft limit (SoftTimeLimitExceeded is raised in the task). A filesystem broker: no server needed."""
import os
import time

from celery import Celery

broker = os.environ.get("BROKER_DIR", "broker")
app = Celery("shop", broker="filesystem://", backend=None)
app.conf.broker_transport_options = {
    "data_folder_in": f"{broker}/in", "data_folder_out": f"{broker}/in",
    "processed_folder": f"{broker}/processed", "store_processed": True,
}


@app.task(name="shop.tasks.export_orders", time_limit=2)
def export_orders(day):
    time.sleep(30)


@app.task(name="shop.tasks.rebuild_search", soft_time_limit=1, time_limit=5)
def rebuild_search():
    time.sleep(10)
