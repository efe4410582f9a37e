"""Exchange with national systems: SIAPkerja/Karirhub (Kemnaker) through one adapter (docs/karirhub.md)."""
