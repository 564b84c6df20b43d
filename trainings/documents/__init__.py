"""The session's PDF documents: the sign-in sheet and the certificates of attendance."""
