"""pyqtgraph drawing shared by the window and every export: the scene, its items, the exporter."""
