"""Member sites of an education authority (Circular 37/2020/TT-BGDĐT Art. 3, 9)."""
