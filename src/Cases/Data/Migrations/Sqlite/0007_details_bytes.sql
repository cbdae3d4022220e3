-- Issue 14: the details also as their protobuf bytes, which reads parse (parsing the proto JSON was
-- about a tenth of a GetCase's CPU). NULL for rows written before: those are read from their JSON.
ALTER TABLE cases ADD COLUMN details_pb BLOB NULL;
