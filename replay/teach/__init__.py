"""Teaching (Qt-free): lessons tied to replay times, the nominal reference, first divergence."""
