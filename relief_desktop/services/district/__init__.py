"""The district center edition (区中心, lot 01): street packets, on-time board, figures."""
