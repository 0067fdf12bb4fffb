"""The front desk in a browser (``handouts serve``): routes, forms, previews, CSRF and token.

Everything it needs from the rest of handouts comes through ``handouts.serve.core``.
"""
