"""One module per file format (json, docx, csv, xlsx), each reading and writing it."""
