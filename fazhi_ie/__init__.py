"""fazhi_ie: rule-of-law government reports -> data."""
