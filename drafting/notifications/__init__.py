"""E-mail notifications through an outbox: written with the change, sent by
`flask mail send` (and right after the request when configured), retried
until delivered."""
