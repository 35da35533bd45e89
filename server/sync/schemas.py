"""`GET /me/sync`."""
import marshmallow as ma


class SyncArgs(ma.Schema):
    since = ma.fields.String(validate=ma.validate.Length(min=1, max=500), metadata={
        "description": "`next_since` of the previous answer; omit for a full snapshot"})
    limit = ma.fields.Integer(validate=ma.validate.Range(min=1, max=5000),
                              metadata={"description": "items per page (capped by RAPPORT_SYNC_PAGE_ITEMS)"})


class TombstoneSchema(ma.Schema):
    type = ma.fields.String(metadata={"description": "kind of the item that went away"})
    id = ma.fields.Integer()


class SyncPageSchema(ma.Schema):
    snapshot = ma.fields.Boolean(metadata={"description": "true: replace the local copy with these items "
                                                          "(and the pages after them)"})
    items = ma.fields.List(ma.fields.Dict(), metadata={
        "description": "new or changed items: `type` (event, profile, meeting, seat, connection, intro, "
                       "notification, followup_due, conversation), `id` and the item's fields"})
    tombstones = ma.fields.List(ma.fields.Nested(TombstoneSchema), metadata={
        "description": "items to delete locally: deleted, cancelled, or no longer visible (id only)"})
    next_since = ma.fields.String(metadata={"description": "opaque token for the next call"})
    has_more = ma.fields.Boolean(metadata={"description": "another page follows at once: call again with next_since"})
