"""One laptop per team: the game server, its protocol and a client library (see PROTOCOL.md)."""
