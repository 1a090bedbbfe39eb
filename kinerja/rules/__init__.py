"""Pure domain rules (DOMAIN.md): no Django imports here, so they are tested exhaustively."""
