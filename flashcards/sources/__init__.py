"""Reading sources: a summary page or an editable YAML file into a Summary, with its ids."""
