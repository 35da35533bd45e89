"""`/events/{id}/analytics/departments`: who connected across departments, as counts."""
from flask.views import MethodView
from flask_smorest import Blueprint

from server import access
from server.auth import current_account
from server.departments import analytics, schemas

blp = Blueprint("departments", __name__, url_prefix="/api/v1",
                description="Internal events: connections across departments (organizers)")


@blp.route("/events/<int:event_id>/analytics/departments")
class DepartmentMatrix(MethodView):
    @blp.response(200, schemas.DepartmentMatrixSchema)
    def get(self, event_id):
        """Department x department connections made at the event, and the crossed share before and after it"""
        caller = access.organizer(account=current_account(), event_id=event_id)
        return analytics.department_matrix(caller=caller)
