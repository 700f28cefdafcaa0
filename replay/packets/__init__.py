"""CCSDS space packets (Qt-free): the packet layout and the codec, shared by the ``.ccsds`` reader
(:mod:`replay.io.ccsds`) and the live stream (:mod:`replay.stream`)."""
