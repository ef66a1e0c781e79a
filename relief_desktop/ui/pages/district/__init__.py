"""The district center's pages (收包, 报送, 全区数据, 跨街道); registered in ui/pages/."""
