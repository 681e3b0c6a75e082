"""The dashboard's pages (UI only: widgets and layout, every rule comes from duo_core)."""
