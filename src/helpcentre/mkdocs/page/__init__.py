"""What one page becomes: its view for the templates, its text, values, images and typography."""
