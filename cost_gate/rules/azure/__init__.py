"""Pricing rules for the azurerm provider (prices under ``pricing_data/azure``)."""
