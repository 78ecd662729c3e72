"""Pricing rules for the google provider (prices under ``pricing_data/gcp``)."""
