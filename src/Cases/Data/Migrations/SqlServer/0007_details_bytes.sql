-- Issue 14: the details also as their protobuf bytes, which reads parse (parsing the proto JSON was
-- about a tenth of a GetCase's CPU). NULL for rows written before: those are read from their JSON.
ALTER TABLE cases ADD details_pb VARBINARY(MAX) NULL;
