"""The RAM Tracking help centre: policy values, content, interface text and the MkDocs edge."""
