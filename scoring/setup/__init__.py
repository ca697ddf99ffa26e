"""Campaign set-up (office, administrators): campaigns and phases — views, forms, queries."""
