"""The charter: one intergovernmental body described as data (a TOML file), validated strictly."""
