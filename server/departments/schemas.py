"""The department matrix body: labels and counts only."""
import marshmallow as ma


class DepartmentSchema(ma.Schema):
    label = ma.fields.String(allow_none=True, metadata={"description": "As most attendees wrote it; null: none given"})
    attendees = ma.fields.Integer()


class CrossedShareSchema(ma.Schema):
    connections = ma.fields.Integer(metadata={"description": "Connections whose two people both gave a department"})
    crossed = ma.fields.Integer(metadata={"description": "Of those, between two departments"})
    share = ma.fields.Float(allow_none=True, metadata={"description": "crossed / connections; null without any"})


class CrossedSharesSchema(ma.Schema):
    before = ma.fields.Nested(CrossedShareSchema, metadata={"description": "Connections made before the event started"})
    after = ma.fields.Nested(CrossedShareSchema, metadata={"description": "All connections up to now"})


class DepartmentMatrixSchema(ma.Schema):
    event_id = ma.fields.Integer()
    departments = ma.fields.List(ma.fields.Nested(DepartmentSchema))
    matrix = ma.fields.List(ma.fields.List(ma.fields.Integer()), metadata={
        "description": "matrix[i][j]: connections made at the event between departments i and j (symmetric)"})
    connections_made = ma.fields.Integer(metadata={"description": "Connections made at the event"})
    crossed_share = ma.fields.Nested(CrossedSharesSchema)
