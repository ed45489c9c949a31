"""Making cards: the card rules that turn a Summary into notes (which words a card hides, key and GUID)."""
