"""The desktop app (PySide6 + pyqtgraph): widgets that read the Qt-free core, never the reverse."""
