ALTER TABLE cases ADD
    third_party NVARCHAR(200) NULL,
    third_party_since DATETIMEOFFSET NULL;
